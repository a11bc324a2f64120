/**
 * The HTTP load driver (issue 5, docs/load-driver.md): {@code ./bench SCENARIO} starts a server on a fresh data folder,
 * pre-issues what the scenario needs, runs wrk with the scenario's script ({@code rescind-bench/wrk}) and reports
 * req/s, latency, errors, the server's CPU per request and its memory.
 */
package io.rescind.bench.load;
