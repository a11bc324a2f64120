/**
 * Benchmarks (issue 5, docs/benchmarks.md): JMH micro-benchmarks of the hot paths, and the HTTP load driver that runs
 * wrk scenarios against a server it starts on a fresh data folder.
 */
package io.rescind.bench;
