package dev.preflight.reconcile;

/**
 * A managed resource of a Terraform state ({@code terraform show -json} without a plan) that can link an
 * instance to the code: an {@code aws_instance} (its {@code id} is the instance id) or an
 * {@code aws_autoscaling_group} (its {@code name} is the instances' {@code aws:autoscaling:groupName}).
 *
 * @param address the resource address as Terraform prints it ({@code module.app.aws_instance.batch[0]})
 */
public record StateResource(String address, String type, String id, String name, String source) {
}
