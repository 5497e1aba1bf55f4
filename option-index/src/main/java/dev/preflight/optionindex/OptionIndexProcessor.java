package dev.preflight.optionindex;

import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes, for every class with picocli {@code @Option}, {@code @Parameters} or {@code @Mixin} fields, the index
 * {@code META-INF/preflight/options/<binary class name>.tsv}: one line per annotated member with the annotation
 * attributes the CLI's plain command-line binding needs. The annotations stay the one declaration of the options;
 * the index lets a pre-commit check bind its options without reading annotations at run time, which on JDK 17 costs
 * a dynamic proxy class per annotation type and the verification of picocli's Java 5 annotation classes (about a
 * fifth of a small check's start-up).
 *
 * <p>Lines, tab-separated, backslash escapes {@code \\t \\n \\\\}: {@code option FIELD NAMES DEFAULT NEGATABLE SPLIT
 * ARITY USAGEHELP VERSIONHELP} (NAMES comma-separated), {@code parameters FIELD INDEX ARITY}, {@code mixin FIELD},
 * {@code unsupported MEMBER} (an option on a method or a static field, which the plain binding leaves to picocli).
 */
@SupportedAnnotationTypes({"picocli.CommandLine.Option", "picocli.CommandLine.Parameters", "picocli.CommandLine.Mixin"})
public final class OptionIndexProcessor extends AbstractProcessor {
    static final String OPTION = "picocli.CommandLine.Option";
    static final String PARAMETERS = "picocli.CommandLine.Parameters";
    static final String MIXIN = "picocli.CommandLine.Mixin";

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        Set<TypeElement> owners = new LinkedHashSet<>();
        for (TypeElement a : annotations) {
            for (Element e : round.getElementsAnnotatedWith(a)) {
                if (e.getEnclosingElement() instanceof TypeElement t) {
                    owners.add(t);
                }
            }
        }
        for (TypeElement owner : owners) {
            write(owner);
        }
        return false; // picocli's own processor reads the same annotations
    }

    private void write(TypeElement owner) {
        List<String> lines = new ArrayList<>();
        for (Element member : owner.getEnclosedElements()) {
            AnnotationMirror option = mirror(member, OPTION);
            AnnotationMirror parameters = mirror(member, PARAMETERS);
            AnnotationMirror mixin = mirror(member, MIXIN);
            if (option == null && parameters == null && mixin == null) {
                continue;
            }
            String name = member.getSimpleName().toString();
            if (member.getKind() != ElementKind.FIELD || member.getModifiers().contains(Modifier.STATIC)) {
                lines.add(row("unsupported", name));
            } else if (mixin != null) {
                lines.add(row("mixin", name));
            } else if (option != null) {
                Map<? extends ExecutableElement, ? extends AnnotationValue> v = values(option);
                lines.add(row("option", name, String.join(",", strings(v, "names")), text(v, "defaultValue"),
                        text(v, "negatable"), text(v, "split"), text(v, "arity"), text(v, "usageHelp"),
                        text(v, "versionHelp")));
            } else {
                Map<? extends ExecutableElement, ? extends AnnotationValue> v = values(parameters);
                lines.add(row("parameters", name, text(v, "index"), text(v, "arity")));
            }
        }
        String binary = processingEnv.getElementUtils().getBinaryName(owner).toString();
        try {
            FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                    "META-INF/preflight/options/" + binary + ".tsv", owner);
            try (Writer w = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    "cannot write the option index of " + binary + ": " + e.getMessage(), owner);
        }
    }

    private static AnnotationMirror mirror(Element e, String type) {
        for (AnnotationMirror m : e.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(type)) {
                return m;
            }
        }
        return null;
    }

    private Map<? extends ExecutableElement, ? extends AnnotationValue> values(AnnotationMirror m) {
        return processingEnv.getElementUtils().getElementValuesWithDefaults(m);
    }

    private static AnnotationValue value(Map<? extends ExecutableElement, ? extends AnnotationValue> v, String name) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : v.entrySet()) {
            if (e.getKey().getSimpleName().contentEquals(name)) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("picocli annotation without attribute " + name);
    }

    private static String text(Map<? extends ExecutableElement, ? extends AnnotationValue> v, String name) {
        return String.valueOf(value(v, name).getValue());
    }

    private static List<String> strings(Map<? extends ExecutableElement, ? extends AnnotationValue> v, String name) {
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) value(v, name).getValue()) {
            out.add(String.valueOf(((AnnotationValue) item).getValue()));
        }
        return out;
    }

    private static String row(String... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            b.append(cells[i].replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"));
        }
        return b.toString();
    }
}
