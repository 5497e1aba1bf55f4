package dev.preflight.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatDetectorTest {
    @Test
    void decidesByContent() {
        assertThat(FormatDetector.detect("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n")).contains(InputKind.CLOUDFORMATION);
        assertThat(FormatDetector.detect("# comment\nResources:\n  A:\n    Type: X\n")).contains(InputKind.CLOUDFORMATION);
        assertThat(FormatDetector.detect("{\"Resources\": {}}")).contains(InputKind.CLOUDFORMATION);
        assertThat(FormatDetector.detect("\uFEFF{\"format_version\":\"1.2\",\"planned_values\":{}}")).contains(InputKind.TERRAFORM_PLAN);
        assertThat(FormatDetector.detect("{\"format_version\":\"1.0\",\"values\":{}}")).isEmpty();
        assertThat(FormatDetector.detect("apiVersion: v1\nkind: Pod\n")).isEmpty();
        assertThat(FormatDetector.detect("---\n\n  # indented template\n  Description: x\n  Resources:\n    A: {Type: X}\n")).contains(InputKind.CLOUDFORMATION);
        assertThat(FormatDetector.detect("kind: Thing\nspec:\n  Resources:\n    a: 1\n")).isEmpty();
        assertThat(FormatDetector.detect("{\"planned_values\": {\"root_module\": {}}}")).contains(InputKind.TERRAFORM_PLAN);
        assertThat(FormatDetector.detect("")).isEmpty();
    }

    @Test
    void explainsWhatAFileIsNot() {
        assertThat(FormatDetector.whyNot("{\"Version\":\"2012-10-17\",\"Statement\":[]}")).contains("--scp");
        assertThat(FormatDetector.whyNot("  \n")).isEqualTo("empty file");
        assertThat(FormatDetector.whyNot("{\"format_version\":\"1.0\",\"values\":{}}")).contains("terraform show -json");
        assertThat(FormatDetector.whyNot("kind: Pod")).contains("not a CloudFormation template");
    }
}
