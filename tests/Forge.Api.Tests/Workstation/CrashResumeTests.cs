using System.Net;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Docs = Forge.Aws.Ssm.ForgeDocuments;

namespace Forge.Api.Tests.Workstation;

/// <summary>
/// A Forge process killed right after each step boundary of provision, start, stop and terminate: its
/// workspace's job freezes the moment the pass that closed the boundary's step saved (the worker never
/// finishes the job, as after kill -9), the process is torn down, and a new process (its reaper
/// gives the dead claim back) resumes to the same end state, every declared step done once, with no
/// second cloud call and no second command.
/// </summary>
public sealed class CrashResumeTests : UserDataTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public static TheoryData<string, int> Boundaries()
    {
        var data = new TheoryData<string, int>();
        foreach (var transition in new[] { Transitions.Provision, Transitions.Start, Transitions.Stop, Transitions.Terminate })
        {
            for (var closed = 0; closed <= transition.Steps.Count; closed++)
            {
                data.Add(transition.Name, closed);
            }
        }

        return data;
    }

    /// <summary>The calls each transition makes once: WorkSpaces operations, and SSM commands by document.</summary>
    private static readonly Dictionary<string, string[]> CallsOf = new(StringComparer.Ordinal)
    {
        ["provision"] = ["WorkspacesService.CreateWorkspaces", $"SendCommand:{Docs.JoinDomain.Name}", $"SendCommand:{Docs.ApplySecurityProfile.Name}",
            $"SendCommand:{Docs.ReportSecurityProfile.Name}", $"SendCommand:{Docs.MountUserVolume.Name}", $"SendCommand:{Docs.SyncDotfiles.Name}",
            $"SendCommand:{Docs.InjectEnvironment.Name}"],
        ["start"] = ["WorkspacesService.StartWorkspaces", $"SendCommand:{Docs.MountUserVolume.Name}", $"SendCommand:{Docs.SyncDotfiles.Name}",
            $"SendCommand:{Docs.InjectEnvironment.Name}"],
        ["stop"] = [$"SendCommand:{Docs.SyncDotfiles.Name}", $"SendCommand:{Docs.UnmountUserVolume.Name}", "WorkspacesService.StopWorkspaces"],
        ["terminate"] = [$"SendCommand:{Docs.SyncDotfiles.Name}", $"SendCommand:{Docs.UnmountUserVolume.Name}", "WorkspacesService.TerminateWorkspaces"],
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task A_process_killed_after_a_step_boundary_resumes_to_the_same_end_with_no_second_call(string transition, int closedSteps)
    {
        var crash = new CrashPoint(transition, closedSteps);
        // The periodic dotfile sync is the one command a pass may add on its own: kept out of the count.
        var settings = new Dictionary<string, string?> { ["Dotfiles:PeriodicSyncPaused"] = "true" };
        var doomed = StartForge(settings, crash.Install);
        var alice = await doomed.ClientForAsync("alice");
        var (id, before) = await BeginAsync(alice, transition);
        await Eventually.UntilAsync(Clock, () => Task.FromResult(crash.Frozen), frozen => frozen, TimeSpan.FromSeconds(5));

        await KillAsync(doomed);
        var survivor = StartForge(settings);
        var client = await survivor.ClientForAsync("alice");
        var end = Transitions.Named(transition)!.EndStatus;
        var done = await Eventually.UntilAsync(Clock, () => client.GetWorkspaceAsync(id), w => w.Status == end, TimeSpan.FromSeconds(15));

        var steps = done.Steps.Skip(crash.StepsBefore).ToList();
        Assert.True(Transitions.Named(transition)!.Steps.All(s => steps.Count(r => r.Name == s) == 1),
            $"each step once: [{string.Join(", ", steps.Select(s => $"{s.Name}:{s.Status}"))}]");
        Assert.All(steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.All(CallsOf[transition], call => Assert.True(Cloud.Calls(call) - before[call] == 1, $"{call}: {Cloud.Calls(call) - before[call]} calls"));
    }

    /// <summary>Brings a new workspace to where <paramref name="transition"/> begins, and asks for it; with the call counts just before.</summary>
    private async Task<(Guid Id, Dictionary<string, int> Before)> BeginAsync(HttpClient alice, string transition)
    {
        Dictionary<string, int> Counts() => CallsOf[transition].ToDictionary(c => c, Cloud.Calls, StringComparer.Ordinal);
        if (transition == Transitions.Provision.Name)
        {
            var before = Counts();
            return ((await alice.CreateWorkspaceAsync()).Id, before);
        }

        var ready = await ReadyWorkspaceAsync(alice);
        if (transition == Transitions.Start.Name)
        {
            await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);
        }

        var counts = Counts();
        var request = transition == Transitions.Terminate.Name
            ? await alice.DeleteAsync($"/api/v1/workspaces/{ready.Id}")
            : await alice.PostAsync($"/api/v1/workspaces/{ready.Id}/{transition}", null);
        Assert.Equal(HttpStatusCode.Accepted, request.StatusCode);
        return (ready.Id, counts);
    }

    /// <summary>
    /// Where the doomed process dies: once the workspace's <c>transition</c> (not the ones that prepared it)
    /// has <c>closedSteps</c> steps closed, the pass that saved that freezes before its worker can finish the job.
    /// </summary>
    private sealed class CrashPoint(string transition, int closedSteps)
    {
        private volatile bool _frozen;

        public bool Frozen => _frozen;

        /// <summary>How many steps the workspace had before the transition began (its own steps come after).</summary>
        public int StepsBefore { get; private set; }

        public void Install(IServiceCollection services)
        {
            var registered = services.Single(d => d.ServiceType == typeof(IJobHandler) && d.ImplementationType == typeof(WorkspaceReconciler));
            services.Remove(registered);
            services.AddScoped<WorkspaceReconciler>();
            services.AddScoped<IJobHandler>(sp => new Freezing(sp.GetRequiredService<WorkspaceReconciler>(), sp.GetRequiredService<ForgeDbContext>(), this));
        }

        private async Task<bool> ReachedAsync(ForgeDbContext db, Guid workspaceId, CancellationToken cancellationToken)
        {
            var workspace = await db.Workspaces.AsNoTracking().Include(w => w.Steps).SingleAsync(w => w.Id == workspaceId, cancellationToken);
            if (workspace.Transition != transition)
            {
                return false;
            }

            StepsBefore = workspace.TransitionStepsAfter;
            return workspace.Steps.Count(s => s.Sequence > workspace.TransitionStepsAfter && s.Status != StepStatus.Running) >= closedSteps;
        }

        private sealed class Freezing(WorkspaceReconciler inner, ForgeDbContext db, CrashPoint point) : IJobHandler
        {
            public string Kind => inner.Kind;

            public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
            {
                var outcome = await inner.ExecuteAsync(job, workerId, cancellationToken);
                if (await point.ReachedAsync(db, job.SubjectId, cancellationToken))
                {
                    point._frozen = true;
                    // Never finishes: the claim dies with the process. A wait the test holds, so its clock can still settle.
                    using var waiting = JobQuiescence.CurrentWork?.BeginWait();
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
                }

                return outcome;
            }
        }
    }
}
