package dev.preflight.engine;

import dev.preflight.load.InputFailure;
import dev.preflight.load.account.AccountFiles;
import dev.preflight.reconcile.AccountState;
import dev.preflight.reconcile.ConsoleResource;
import dev.preflight.reconcile.CoverageEvent;
import dev.preflight.reconcile.Reconciler;
import dev.preflight.reconcile.Reconciliation;
import dev.preflight.reconcile.RunningInstance;
import dev.preflight.reconcile.StateResource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code preflight reconcile}: reads the account files, checks the code as {@code check} does (the same engine),
 * and reconciles the console's coverage with the prediction. Bad account files are one line each; everything
 * readable is still reconciled.
 */
public final class ReconcileRun {
    private ReconcileRun() {
    }

    public static ReconcileOutcome execute(PreflightEngine engine, RunRequest request, ReconcileRequest account,
                                           RunProgress progress) {
        InputDiscovery discovery = new InputDiscovery(request.workingDirectory());
        AccountFiles files = new AccountFiles(discovery::display);
        List<InputStatus> inputs = new ArrayList<>();
        List<InputFailure> failures = new ArrayList<>();

        List<Path> instanceFiles = AccountFiles.expand(account.instances());
        List<Path> coverageFiles = AccountFiles.expand(account.coverage());
        AccountFiles.Read<RunningInstance> instances = files.instances(instanceFiles);
        record(inputs, instanceFiles, "describe-instances", instances, discovery, r -> r.source());
        failures.addAll(instances.failures());
        Set<String> accounts = new LinkedHashSet<>();
        request.settings().account().ifPresent(accounts::add);
        if (accounts.isEmpty()) {
            instances.items().stream().map(RunningInstance::ownerId).filter(o -> o != null).forEach(accounts::add);
        }
        AccountFiles.Read<ConsoleResource> coverage = files.coverage(coverageFiles, accounts);
        record(inputs, coverageFiles, "list-coverage", coverage, discovery, c -> {
            String s = c.source();
            int page = s.indexOf(" page ");
            return page < 0 ? s : s.substring(0, page);
        });
        failures.addAll(coverage.failures());
        List<StateResource> state = List.of();
        if (account.terraformState() != null) {
            AccountFiles.Read<StateResource> read = files.terraformState(account.terraformState());
            record(inputs, List.of(account.terraformState()), "terraform-state", read, discovery, StateResource::source);
            failures.addAll(read.failures());
            state = read.items();
        }
        CoverageEvent event = null;
        if (account.event() != null) {
            Set<String> eventAccounts = new LinkedHashSet<>(accounts);
            coverage.items().stream().map(ConsoleResource::accountId).filter(a -> a != null).forEach(eventAccounts::add);
            AccountFiles.Read<CoverageEvent> read = files.event(account.event(), eventAccounts);
            record(inputs, List.of(account.event()), "eventbridge-event", read, discovery, e -> discovery.display(account.event()));
            failures.addAll(read.failures());
            event = read.items().isEmpty() ? null : read.items().get(0);
        }
        AccountState observed = new AccountState(coverage.items(), instances.items(), state, event, account.matchTags(),
                account.stacks());
        PreflightEngine.Analysed<Reconciliation> analysed = engine.run(request, progress,
                (context, predicted) -> Reconciler.reconcile(context, predicted, observed));
        Reconciliation reconciliation = analysed.value() == null ? Reconciliation.empty() : analysed.value();
        return new ReconcileOutcome(analysed.outcome(), inputs, reconciliation, failures);
    }

    private static <T> void record(List<InputStatus> inputs, List<Path> files, String format, AccountFiles.Read<T> read,
                                   InputDiscovery discovery, java.util.function.Function<T, String> sourceOf) {
        for (Path f : files) {
            String name = discovery.display(f);
            long n = read.items().stream().filter(i -> sourceOf.apply(i).equals(name)).count();
            String error = read.failures().stream().filter(x -> x.file().equals(name)).map(InputFailure::oneLine)
                    .findFirst().orElse(null);
            inputs.add(new InputStatus(name, format, (int) n, null, error));
        }
    }
}
