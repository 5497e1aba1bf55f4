package dev.preflight.model;

/** An input that was loaded into the graph: a template, a plan, a cloud assembly directory or an SCP file. */
public record InputDocument(String file, InputFormat format) {
}
