package dev.preflight.samples.cdkapp;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;

/** {@code cdk synth} entry point (see cdk.json): the network and the application, deployed as two stacks. */
public final class SampleApp {
    private SampleApp() {
    }

    /** The two stacks of the app; {@code admitAtDataEndpoint=false} is the incident's design. */
    public static WorkloadStack build(App app, boolean admitAtDataEndpoint) {
        NetworkStack network = new NetworkStack(app, "Network", StackProps.builder()
                .description("Shared VPC and the GuardDuty data endpoint").build());
        return new WorkloadStack(app, "Workload", StackProps.builder()
                .description("Application fleet").build(), network, admitAtDataEndpoint);
    }

    public static void main(String[] args) {
        App app = new App();
        build(app, true);
        app.synth();
    }
}
