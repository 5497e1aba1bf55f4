package dev.preflight.report;

import dev.preflight.model.SourceLocation;
import dev.preflight.rule.RelatedLocation;
import dev.preflight.rule.RuleResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of a failure's path for the HTML report: the subject (a workload) on the left, the related
 * resources on its own side (launch template, security groups) in the middle, those on the endpoint's side
 * (data endpoint, endpoint security group) on the right, and the failing hop (into the last related resource,
 * where rules name the place the fix goes) drawn dashed and crossed. Generic: it reads only the result's related
 * locations. Text is plain; the template escapes it.
 */
record PathDiagram(int width, int height, List<Node> nodes, List<Edge> edges, List<Cross> crosses, int captionY,
                   String caption) {
    static final int BOX_W = 220;
    static final int BOX_H = 46;
    static final int GAP_Y = 16;
    static final int COL_GAP = 64;
    static final int PAD = 8;
    static final int LABEL_CHARS = 27;

    record Node(int x, int y, int w, int h, int tx, int ty, int ty2, String label, String sub, String title, String kind) {
    }

    record Edge(int x1, int y1, int x2, int y2, boolean failing) {
    }

    record Cross(int x, int y) {
    }

    /** The diagram of a failure whose related locations name other resources; empty when there is no path to draw. */
    static java.util.Optional<PathDiagram> of(RuleResult r) {
        List<RelatedLocation> others = r.related().stream().filter(rel -> !rel.resource().equals(r.subject().id())).toList();
        return others.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(of(r, others));
    }

    private static PathDiagram of(RuleResult r, List<RelatedLocation> related) {
        List<RelatedLocation> own = new ArrayList<>();
        List<RelatedLocation> far = new ArrayList<>();
        for (RelatedLocation rel : related) {
            String m = (rel.message() == null ? "" : rel.message()).toLowerCase(Locale.ROOT);
            (m.contains("endpoint") ? far : own).add(rel);
        }
        if (far.isEmpty() && !own.isEmpty()) {
            // no endpoint side: the path is subject -> related, failing into the last one
            far.add(own.remove(own.size() - 1));
        }
        RelatedLocation target = far.isEmpty() ? null : far.get(far.size() - 1);
        int rows = Math.max(1, Math.max(own.size(), far.size()));
        int innerH = rows * BOX_H + (rows - 1) * GAP_Y;
        int columns = 1 + (own.isEmpty() ? 0 : 1) + (far.isEmpty() ? 0 : 1);
        int width = PAD * 2 + columns * BOX_W + (columns - 1) * COL_GAP;
        int captionY = PAD + innerH + 22;
        int height = captionY + PAD;

        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        List<Cross> crosses = new ArrayList<>();
        Node subject = node(PAD, PAD + (innerH - BOX_H) / 2, r.subject().id(), r.subject().type() + " · " + r.subject().location(),
                r.subject().id() + " (" + r.subject().type() + ") " + r.subject().location(), "subject");
        nodes.add(subject);
        List<Node> middle = column(own, PAD + BOX_W + COL_GAP, innerH, null, nodes);
        int farX = PAD + (columns - 1) * (BOX_W + COL_GAP);
        List<Node> right = column(far, farX, innerH, target, nodes);
        for (Node m : middle) {
            edges.add(edge(subject, m, false));
        }
        List<Node> sources = middle.isEmpty() ? List.of(subject) : middle;
        for (Node t : right) {
            boolean failing = t.kind().equals("target");
            for (Node s : sources) {
                Edge e = edge(s, t, failing);
                edges.add(e);
                if (failing) {
                    crosses.add(new Cross((e.x1() + e.x2()) / 2, (e.y1() + e.y2()) / 2));
                }
            }
        }
        if (right.isEmpty()) {
            crosses.add(new Cross(subject.x() + subject.w(), subject.y() + subject.h() / 2));
        }
        String caption = r.ruleId() + (target == null ? " fails for " + r.subject().id()
                : " fails on the path to " + target.resource() + (target.message() == null ? "" : " (" + target.message() + ")"));
        return new PathDiagram(width, height, nodes, edges, crosses, captionY, cut(caption, 110));
    }

    private static List<Node> column(List<RelatedLocation> rels, int x, int innerH, RelatedLocation target, List<Node> all) {
        List<Node> out = new ArrayList<>();
        int h = rels.size() * BOX_H + Math.max(0, rels.size() - 1) * GAP_Y;
        int y = PAD + (innerH - h) / 2;
        for (RelatedLocation rel : rels) {
            String what = rel.message() == null ? "" : rel.message();
            Node n = node(x, y, rel.resource(), what.isEmpty() ? rel.location().toString() : what + " · " + shortLocation(rel.location()),
                    rel.resource() + (what.isEmpty() ? "" : ": " + what) + " " + rel.location(), rel == target ? "target" : "related");
            out.add(n);
            all.add(n);
            y += BOX_H + GAP_Y;
        }
        return out;
    }

    private static Node node(int x, int y, String label, String sub, String title, String kind) {
        return new Node(x, y, BOX_W, BOX_H, x + 10, y + 19, y + 36, cutMiddle(label, LABEL_CHARS), cut(sub, LABEL_CHARS + 9),
                cut(title, 500), kind);
    }

    private static Edge edge(Node from, Node to, boolean failing) {
        return new Edge(from.x() + from.w(), from.y() + from.h() / 2, to.x(), to.y() + to.h() / 2, failing);
    }

    private static String shortLocation(SourceLocation l) {
        String f = l.file();
        int slash = f.lastIndexOf('/');
        String name = slash >= 0 ? f.substring(slash + 1) : f;
        return l.line() > 0 ? name + ":" + l.line() : name;
    }

    /** Keeps both ends: Terraform addresses say the most at their end ({@code module.net...guardduty_endpoint}). */
    static String cutMiddle(String s, int max) {
        if (s == null) {
            return "";
        }
        int n = s.codePointCount(0, s.length());
        if (n <= max) {
            return s;
        }
        int head = (max - 1) / 3;
        int tail = max - 1 - head;
        return s.substring(0, s.offsetByCodePoints(0, head)) + "…" + s.substring(s.offsetByCodePoints(0, n - tail));
    }

    static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
