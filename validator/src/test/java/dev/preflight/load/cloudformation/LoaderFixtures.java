package dev.preflight.load.cloudformation;

import dev.preflight.load.InputException;
import dev.preflight.load.LoadOptions;
import dev.preflight.load.LoadedInputs;
import dev.preflight.load.SourceFiles;
import dev.preflight.load.SourceText;
import dev.preflight.model.Resource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Loads test templates from {@code src/test/resources/load/...} with display paths relative to that folder. */
final class LoaderFixtures {
    private LoaderFixtures() {
    }

    static Path resources() {
        try {
            return Path.of(LoaderFixtures.class.getResource("/load").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path path(String name) {
        return resources().resolve(name);
    }

    static String display(Path p) {
        return resources().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    static SourceText text(String name) {
        try {
            return SourceFiles.read(path(name), name);
        } catch (InputException e) {
            throw new IllegalStateException(e);
        }
    }

    static LoadedInputs load(LoadOptions options, String... names) {
        List<SourceText> texts = new ArrayList<>();
        for (String n : names) {
            texts.add(text(n));
        }
        return new CloudFormationLoader(options).load(texts, List.of(), LoaderFixtures::display);
    }

    static LoadedInputs load(String... names) {
        return load(LoadOptions.none(), names);
    }

    static Resource resource(LoadedInputs loaded, String id) {
        return loaded.resources().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(id + " not in " + loaded.resources().stream()
                        .map(Resource::id).toList()));
    }
}
