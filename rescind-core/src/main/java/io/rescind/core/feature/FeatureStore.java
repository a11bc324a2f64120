package io.rescind.core.feature;

import java.util.Map;

/** Where feature flags persist (implemented by the PostgreSQL store). */
public interface FeatureStore {
    /** The flags that were ever set; a feature not in the map has its default state. */
    Map<Feature, Feature.State> load();

    void set(Feature feature, Feature.State state);
}
