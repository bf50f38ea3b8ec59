package org.siren4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.siren4j.core.ModelFile;

/** JSON reports: what a command measured, for scripts. Written atomically. */
public final class Reports {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    public static void write(Path file, Object report) throws IOException {
        ModelFile.writeAtomically(file, JSON.writeValueAsBytes(report));
    }

    public static String toJson(Object report) throws IOException { return JSON.writeValueAsString(report); }
}
