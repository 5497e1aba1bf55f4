/**
 * Terraform configuration checked without a plan: {@link dev.preflight.load.terraform.config.TerraformConfigurationLoader}
 * finds the root modules among folders of {@code .tf} files and evaluates each, with the modules it calls, into the
 * same {@code Dialect.TERRAFORM} resources a plan of it gives: the same addresses ({@code aws_instance.web[0]},
 * {@code module.vpc.aws_subnet.private["a"]}), attribute names, nested blocks as lists of objects, and
 * {@code tags_all} from the provider's {@code default_tags}; located at the {@code .tf} line of each resource block.
 *
 * <p>How values come out:
 * <ul>
 * <li>Variables (defaults, {@code TF_VAR_}, tfvars files, {@code --var-file}, {@code --var}), locals, module
 * arguments and outputs, {@code count}/{@code for_each}, {@code dynamic} blocks, override files, the built-in
 * functions of {@code terraform.md} section 4 ({@code TerraformFunctions}), {@code try}/{@code can} are
 * evaluated as Terraform does while planning.</li>
 * <li>An attribute of a resource that the configuration does not set ({@code id}, {@code arn}, ...) is a
 * {@code Value.Reference} to that resource whose value is "known after apply", exactly as the plan loader links
 * unknown values, so the network rules follow {@code vpc_id}, {@code subnet_id} and security groups through it;
 * an attribute the configuration sets is a reference whose value is known.</li>
 * <li>Data sources are resources of the graph marked as such, as in a plan, with the arguments the configuration
 * gives them (rules read e.g. an SSM parameter name or an AMI name filter); the attributes they read from AWS are
 * unknowns that name the data source, except
 * {@code aws_iam_policy_document} (its {@code json} is computed), {@code aws_region}/{@code aws_caller_identity}/
 * {@code aws_partition} ({@code --region}, the provider's region, {@code --account}) and a data source that looks up
 * a resource of the configuration by {@code id} (it describes that resource).</li>
 * <li>A condition that is not known before apply keeps both branches ({@code Value.Conditional}); a string with
 * unknown parts is a {@code Value.Template}; a function Preflight does not evaluate, a module that is not installed
 * ({@code terraform init} records downloaded modules in {@code .terraform/modules/modules.json}), an expression
 * Terraform would reject (outside {@code try}) are unknowns that say so.</li>
 * <li>Attributes absent from the configuration are absent: rules apply the provider defaults
 * ({@code terraform.md} section 5) as they do for a plan's unset attributes.</li>
 * </ul>
 */
package dev.preflight.load.terraform.config;
