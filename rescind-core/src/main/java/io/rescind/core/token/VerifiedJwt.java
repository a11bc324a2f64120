package io.rescind.core.token;

import com.nimbusds.jwt.JWTClaimsSet;

/** A JWT whose signature, {@code typ}, issuer and lifetime checked out, with the key that signed it. */
public record VerifiedJwt(JWTClaimsSet claims, String kid) {}
