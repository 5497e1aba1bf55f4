/**
 * Terraform plan JSON ({@code terraform show -json PLANFILE}) into {@code Dialect.TERRAFORM} resources.
 *
 * <p>{@link dev.preflight.load.terraform.TerraformPlanLoader} is the entry point; {@code PlanReader} reads one
 * plan in three concerns: {@code PlanInstances} (which instances exist: sections, deletes, deposed objects),
 * {@code UnknownMarker} (planned values with a placeholder per "known after apply" value, paired with its
 * configuration expression; "not configured"; {@code default_tags}) and {@code ReferenceResolver} (which instances
 * an expression references: modules, variables, outputs, count/for_each), then replaces each placeholder itself.
 * {@code PlanConfiguration} is the {@code configuration} section as a module tree; {@code TerraformAddress} parses
 * addresses as Terraform prints them.
 *
 * <p>What the plan cannot tell, and how it is read instead:
 * <ul>
 * <li>The expressions themselves: the plan lists only the references of each expression. An unknown value
 * becomes a reference only where it can be the referenced attribute itself (ids, ARNs, names, CIDRs), never for
 * documents or maps computed from references.</li>
 * <li>Which {@code ingress} block of a set uses which reference: when that matters the value stays unknown and
 * names the candidates.</li>
 * <li>{@code dynamic} blocks: left out of the configuration section, so their unknown contents are "known after
 * apply", not "not configured".</li>
 * <li>Index expressions: {@code x[count.index]} and {@code x[(count.index + 1) % n]} list the same references;
 * the instance with the referencing instance's own key is taken (right for the common patterns).</li>
 * <li>Source lines of the {@code .tf} files: read from the configuration in the plan's folder (or
 * {@code --terraform-dir}) when it is there ({@code ConfigurationFiles}): resources at their blocks, values at the
 * attributes that write them; otherwise locations are positions in the plan JSON.</li>
 * </ul>
 *
 * <p>Test plans are real: {@code validator/src/test/resources/load/terraform/<case>/} holds the {@code .tf} files
 * and the {@code plan.json} that {@code scripts/terraform-plan-fixture.sh <dir>} generated from them offline
 * ({@code lifecycle/} plans against a hand-written {@code terraform.tfstate} to get a replace, a delete and a
 * no-op).
 */
package dev.preflight.load.terraform;
