package dev.preflight.cdk;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

/** The stacks of a stage and the template files the loader names their resources by. */
final class StageStacks {
    private StageStacks() {
    }

    /**
     * The template file of the stack and of every nested stack under it, as file names inside the cloud
     * assembly: the loader reports resources by these names when the assembly directory is the working directory.
     */
    static List<String> templateFiles(Stack stack) {
        List<String> out = new ArrayList<>();
        for (IConstruct c : stack.getNode().findAll()) {
            if (Stack.isStack(c) && sameStage(c, stack)) {
                out.add(Stack.of(c).getTemplateFile());
            }
        }
        return out;
    }

    /** Both inside the same innermost Stage (an App is a Stage); false for constructs of a nested Stage. */
    static boolean sameStage(IConstruct c, IConstruct other) {
        Stage b = Stage.of(other);
        return b != null && inStage(c, b.getNode().getPath());
    }

    /** The construct's innermost enclosing Stage has this path. */
    static boolean inStage(IConstruct c, String stagePath) {
        Stage a = Stage.of(c);
        return a != null && a.getNode().getPath().equals(stagePath);
    }
}
