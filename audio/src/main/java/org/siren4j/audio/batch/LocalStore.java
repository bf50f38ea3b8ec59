package org.siren4j.audio.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.siren4j.core.ModelFile;

/** Local folders. */
public final class LocalStore implements Store {
    @Override public List<Item> list(String root) throws IOException {
        Path r = Path.of(root);
        List<Item> out = new ArrayList<>();
        try (var walk = Files.walk(r)) {
            for (Path p : (Iterable<Path>) walk::iterator)
                if (Files.isRegularFile(p))
                    out.add(new Item(r.relativize(p).toString().replace(java.io.File.separatorChar, '/'), Files.getLastModifiedTime(p).toMillis()));
        }
        out.sort(java.util.Comparator.comparing(Item::relative));
        return out;
    }

    @Override public String resolve(String root, String relative) { return Path.of(root).resolve(relative).toString(); }

    @Override public long modified(String path) throws IOException {
        Path p = Path.of(path);
        return Files.isRegularFile(p) ? Files.getLastModifiedTime(p).toMillis() : -1;
    }

    @Override public Path local(String path, Path scratch) { return Path.of(path); }

    @Override public void writeAtomically(String path, byte[] bytes) throws IOException { ModelFile.writeAtomically(Path.of(path), bytes); }

    @Override public void copyAtomically(Path from, String path) throws IOException { ModelFile.copyAtomically(from, Path.of(path)); }
}
