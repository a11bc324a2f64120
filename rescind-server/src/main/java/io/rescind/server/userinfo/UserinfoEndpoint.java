package io.rescind.server.userinfo;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.token.AccessTokenValidator;
import io.rescind.core.token.ValidAccessToken;
import io.rescind.core.userinfo.UserInfo;
import io.rescind.server.http.BearerToken;
import io.rescind.server.http.Cors;
import io.rescind.server.http.Responses;

/** {@code GET|POST /userinfo} (OpenID Connect Core §5.3): a Bearer access token in the header, with {@code openid}. */
public final class UserinfoEndpoint implements Handler {
    private final AccessTokenValidator tokens;
    private final UserInfo userInfo;
    private final Cors cors;

    public UserinfoEndpoint(AccessTokenValidator tokens, UserInfo userInfo, Cors cors) {
        this.tokens = tokens;
        this.userInfo = userInfo;
        this.cors = cors;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        cors.apply(req, res);
        ValidAccessToken token = tokens.validate(BearerToken.read(req))
                .orElseThrow(
                        () -> OAuthError.INVALID_TOKEN.exception("the access token is invalid, expired or revoked"));
        Responses.json(res, 200, userInfo.claims(token.claims()));
    }
}
