package org.spinel.experiments.run;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;

import org.spinel.experiments.protocol.Protocol;
import org.spinel.experiments.protocol.Protocols;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The identity of an experiment: the hash in its run directory's name, a sweep's directory name and, through them, a
 * sweep point's run. It is the SHA-256 of the resolved document without what depends on the machine it runs on:
 * its execution settings, which say how many threads or parallel points a machine uses and never change a result
 * (the Java backend is identical for any thread count, a sweep point is an independent run): {@code /threads} and
 * {@code /sweep/parallel} (whose default is half the machine's cores); and the places on the machine that its
 * protocol names ({@link Protocol#machineLocal()}: a dataset's directory; the data is identified in the manifest by
 * the SHA-256 of its files). So the same experiment or sweep has the same identity on any machine, and a sweep
 * resumes into its directory wherever it is run.
 */
public final class Identity {
    /** The execution settings left out of the identity (JSON pointers into the resolved document). */
    public static final List<String> EXECUTION_SETTINGS = List.of("/threads", "/sweep/parallel");

    private Identity() {
    }

    /** The resolved document without its {@link #EXECUTION_SETTINGS} and its protocol's machine-local settings. */
    public static ObjectNode of(ObjectNode resolved) {
        ObjectNode d = resolved.deepCopy();
        List<String> drop = new ArrayList<>(EXECUTION_SETTINGS);
        Protocol<?> p = Protocols.find(resolved.path("protocol").path("type").asText(null));
        if (p != null) {
            drop.addAll(p.machineLocal());
        }
        for (String ptr : drop) {
            int cut = ptr.lastIndexOf('/');
            JsonNode parent = cut == 0 ? d : d.at(ptr.substring(0, cut));
            if (parent instanceof ObjectNode o) {
                o.remove(ptr.substring(cut + 1));
            }
        }
        return d;
    }

    /** First 8 hex digits of the SHA-256 of {@link #of the identity document}'s JSON. */
    public static String hash(ObjectNode resolved) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(of(resolved).toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 8);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
