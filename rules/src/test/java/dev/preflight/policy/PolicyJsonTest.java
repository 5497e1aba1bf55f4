package dev.preflight.policy;

import dev.preflight.model.SourceLocation;
import dev.preflight.model.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyJsonTest {
    private static final SourceLocation AT = new SourceLocation("main.tf", 7, 3);

    @Test
    void parsesAllValueKindsWithTheLocationOfTheString() throws Exception {
        Value v = PolicyJson.parse("{\"a\": [1, -2.5e3, true, false, null, \"x\\u0041\\n\"], \"b\": {}}", AT);

        assertThat(v).isInstanceOf(Value.Struct.class);
        Value a = v.get("a");
        assertThat(a.items()).hasSize(6);
        assertThat(a.items().get(0).text()).contains("1");
        assertThat(a.items().get(1).text()).contains("-2.5e3");
        assertThat(a.items().get(2).bool()).contains(true);
        assertThat(a.items().get(4)).isInstanceOf(Value.Absent.class);
        assertThat(a.items().get(5).text()).contains("xA\n");
        assertThat(v.get("b").location()).isEqualTo(AT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing comma | {"a": 1\\n "b": 2} | 2 | 2 | expected ',' or '}'
            trailing comma | {"a": [1,]} | 1 | 10 | unexpected character ']'
            duplicate key | {"a": 1, "a": 2} | 1 | 10 | duplicate key "a"
            single quotes | {'a': 1} | 1 | 2 | expected a quoted key
            unterminated | {"a": "x | 1 | 9 | unterminated string
            trailing content | {} {} | 1 | 4 | unexpected content
            empty | '' | 1 | 1 | empty document
            bad number | {"a": 01} | 1 | 8 | expected ',' or '}'
            bad escape | {"a": "\\q"} | 1 | 9 | invalid escape
            """)
    void reportsLineAndColumnInsideTheString(String name, String json, int line, int column, String message) {
        String text = json.replace("\\n", "\n").replace("''", "");
        assertThatThrownBy(() -> PolicyJson.parse(text, AT))
                .isInstanceOfSatisfying(PolicyJson.SyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                });
    }

    @Test
    void refusesDeepNesting() {
        String deep = "[".repeat(PolicyJson.MAX_DEPTH + 5) + "]".repeat(PolicyJson.MAX_DEPTH + 5);
        assertThatThrownBy(() -> PolicyJson.parse(deep, AT)).hasMessageContaining("nested deeper");
    }
}
