package dev.preflight.engine;

import java.nio.file.Path;

/**
 * A file or cloud-assembly directory found among the paths of a run, before it is read.
 *
 * @param symlink where the input really is when it was reached through a symbolic link (shown in the input list),
 *                else null
 * @param root    the directory given on the command line that it was found in, null when named itself
 */
public record DiscoveredInput(Path path, String displayPath, boolean assembly, boolean givenAsScp, String symlink,
                              String root) {
    public DiscoveredInput(Path path, String displayPath, boolean assembly, boolean givenAsScp) {
        this(path, displayPath, assembly, givenAsScp, null, null);
    }
}
