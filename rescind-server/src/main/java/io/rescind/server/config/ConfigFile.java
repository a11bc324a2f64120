package io.rescind.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The YAML config file: {@code settings:}, {@code clients:} and {@code users:}. Entries are kept as the fields they
 * declare, because the file is authoritative for exactly those (a field it leaves out is left alone in the store).
 */
public record ConfigFile(Path path, Map<String, String> settings, List<ObjectNode> clients, List<ObjectNode> users) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SECTIONS = Set.of("settings", "clients", "users");

    public static ConfigFile read(Path path) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(path));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, Map.of(), List.of(), List.of());
        }
        if (!root.isObject()) {
            throw new ConfigException(path + ": the config file must be a YAML mapping");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!SECTIONS.contains(name)) {
                throw new ConfigException(
                        path + ": unknown section '" + name + "' (expected settings, clients, users)");
            }
        });
        return new ConfigFile(
                path,
                settings(path, root.path("settings")),
                entries(path, root.path("clients"), "clients"),
                entries(path, root.path("users"), "users"));
    }

    private static Map<String, String> settings(Path path, JsonNode node) {
        var out = new LinkedHashMap<String, String>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new ConfigException(path + ": settings must be a mapping");
        }
        node.properties()
                .forEach(e -> out.put(
                        e.getKey(),
                        e.getValue().isArray()
                                ? String.join(
                                        ",",
                                        StreamSupport.stream(e.getValue().spliterator(), false)
                                                .map(JsonNode::asText)
                                                .toList())
                                : e.getValue().asText()));
        return out;
    }

    private static List<ObjectNode> entries(Path path, JsonNode node, String section) {
        var out = new ArrayList<ObjectNode>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new ConfigException(path + ": " + section + " must be a list");
        }
        for (JsonNode entry : node) {
            if (!entry.isObject()) {
                throw new ConfigException(path + ": every entry of " + section + " must be a mapping");
            }
            out.add((ObjectNode) entry);
        }
        return out;
    }
}
