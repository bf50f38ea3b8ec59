package org.siren4j.plugins.builtin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model files as bytes (a plugin's analysis result): the model classes read and write files, so through a temp file. */
final class TempFiles {
    interface Writer { void write(Path file) throws IOException; }

    interface Reader<T> { T read(Path file) throws IOException; }

    private TempFiles() {}

    static byte[] bytesOf(Writer w) {
        try {
            Path tmp = Files.createTempFile("siren-plugin", ".model");
            try {
                w.write(tmp);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T fromBytes(byte[] bytes, Reader<T> r) {
        try {
            Path tmp = Files.createTempFile("siren-plugin", ".model");
            try {
                Files.write(tmp, bytes);
                return r.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
