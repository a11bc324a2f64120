package io.rescind.core.feature;

import io.rescind.core.protocol.OAuthError;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one place features are resolved: endpoints ask {@link #require}, discovery asks {@link #isEnabled}. Refreshed
 * from the store when a flag changes.
 */
public final class Features {
    private final FeatureStore store;
    private volatile Map<Feature, Feature.State> states = Map.of();

    public Features(FeatureStore store) {
        this.store = store;
    }

    public void reload() {
        var resolved = new EnumMap<Feature, Feature.State>(Feature.class);
        for (Feature feature : Feature.values()) {
            resolved.put(feature, feature.byDefault());
        }
        resolved.putAll(store.load());
        states = resolved;
    }

    public boolean isEnabled(Feature feature) {
        return states.getOrDefault(feature, feature.byDefault()) == Feature.State.ENABLED;
    }

    /** Throws 403 {@code access_denied} when the feature is off; call it after authenticating the caller. */
    public void require(Feature feature) {
        if (!isEnabled(feature)) {
            throw OAuthError.ACCESS_DENIED.exception("this endpoint is disabled (" + feature.name() + ")");
        }
    }

    public void set(Feature feature, Feature.State state) {
        store.set(feature, state);
        reload();
    }
}
