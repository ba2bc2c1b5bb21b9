package com.cmkverifier.testing.wire;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A credential that hands out a dummy bearer token and remembers which scopes were asked for. */
public final class DummyCredential implements TokenCredential {

    private final List<List<String>> scopes = new CopyOnWriteArrayList<>();

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        scopes.add(List.copyOf(request.getScopes()));
        return Mono.just(new AccessToken("dummy-token", OffsetDateTime.now().plusHours(1)));
    }

    public List<List<String>> scopesRequested() {
        return List.copyOf(scopes);
    }
}
