package org.spinel.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The published JSON Schema agrees with the reader: every example and every fully resolved example (which holds
 * every defaulted field) validates, and a misspelt field does not.
 */
class SchemaTest {
    static JsonSchema schema() throws Exception {
        try (InputStream in = ExperimentReader.class.getResourceAsStream("/org/spinel/experiments/experiment.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(ExperimentReader.MAPPER.readTree(in));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cuba", "coba", "ring-star-chialvo", "liquid-lif", "liquid-astrocyte", "chialvo-n4-k0-scan",
            "chialvo-n4-mu-scan", "chialvo-n4-coexistence", "chialvo-n4-basins", "chialvo-n4-higher-order",
            "nalsm1000-fmnist", "lsm1000-fmnist", "lsm-stdp1000-fmnist", "nalsm8000-fmnist", "sg-fmnist",
            "sg-fmnist-recurrent", "sg-surrogate-comparison", "sg-tangent-kernel", "chialvo-n4-initial-state"})
    void examplesAndTheirResolvedFormsValidate(String name) throws Exception {
        JsonSchema s = schema();
        Path file = Path.of("examples", name + ".json");
        JsonNode doc = ExperimentReader.MAPPER.readTree(file.toFile());
        Set<ValidationMessage> m = s.validate(doc);
        assertTrue(m.isEmpty(), m.toString());
        JsonNode resolved = ExperimentReader.read(file, Map.of()).resolved();
        m = s.validate(resolved);
        assertTrue(m.isEmpty(), m.toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("durration", 5);
        assertFalse(s.validate(doc).isEmpty(), "unknown fields are rejected by the schema too");
    }
}
