package dev.preflight.engine;

import java.nio.file.Path;

/** A file or cloud-assembly directory found among the paths of a run, before it is read. */
public record DiscoveredInput(Path path, String displayPath, boolean assembly, boolean givenAsScp) {
}
