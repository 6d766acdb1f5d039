package org.spinel.experiments.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Sets a value inside an experiment document by JSON pointer ({@code --set /projections/0/weight="2 mV"}, sweep
 * axes). The parent must exist; the last token may name a new object field or an existing array index.
 */
public final class Overrides {
    private Overrides() {
    }

    /**
     * Sets {@code pointer} to {@code text} read as JSON if the whole text is one JSON value (a number, a quoted
     * string, true/false/null, an array or object), else as a string: {@code 5 s} and {@code "5 s"} both set the
     * string "5 s", which the reader then parses as a quantity exactly as it would in the document.
     */
    public static void set(JsonNode doc, String pointer, String text, Problems problems) {
        JsonNode value;
        try {
            value = ExperimentReader.MAPPER.readTree(text);
            if (value == null || value.isMissingNode()) {
                value = TextNode.valueOf(text);
            }
        } catch (JsonProcessingException e) {
            value = TextNode.valueOf(text);
        }
        setNode(doc, pointer, value, problems);
    }

    /** Sets {@code pointer} to {@code value}. */
    public static void setNode(JsonNode doc, String pointer, JsonNode value, Problems problems) {
        if (!pointer.startsWith("/") || pointer.length() < 2) {
            problems.addText(pointer, "the path \"" + pointer + "\"", "a JSON pointer such as /projections/0/weight");
            return;
        }
        int cut = pointer.lastIndexOf('/');
        String parentPtr = pointer.substring(0, cut);
        String last = pointer.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        JsonNode parent = parentPtr.isEmpty() ? doc : doc.at(parentPtr);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else if (parent.isArray() && last.matches("\\d+") && Integer.parseInt(last) < parent.size()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value.deepCopy());
        } else {
            problems.addText(pointer, "the path \"" + pointer + "\" (" + (parent.isMissingNode() ? parentPtr
                    + " does not exist" : "no such element") + ")", "a path to a field of an existing object or an "
                    + "existing array element");
        }
    }
}
