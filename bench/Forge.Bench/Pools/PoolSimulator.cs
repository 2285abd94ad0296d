namespace Forge.Bench.Pools;

/// <summary>
/// Replays a trace against one policy in one-minute steps. Each step: builds and resumes that are done
/// join the running tier; the policy decides for every pool; the step's requests take a running member
/// (wait 0), else a resuming one (the rest of its resume), else a stopped one (a resume), else fall back to
/// their own on-demand build (a lead time). Pool calls are paced by the reconciler's client (at most half the
/// rate a second, from the step's first second). A request's own call (on-demand create, start of a stopped
/// member) is coalesced as production's <c>RegionCallBatcher</c> does: the first of its region and kind opens
/// a call that goes <see cref="SimulationModel.RequestCallWindow"/> later, and the same kind's requests of that
/// region arriving meanwhile join it (up to 25), so requests of one second share a call. A call lands at its
/// second, and a second already holding the rate's calls throttles it (counted, retried the next second).
/// Builds beyond the region's concurrent cap are refused. Everything from the
/// split minute on is scored (a window: a setup whose <see cref="SimulationSetup.SplitMinute"/> and
/// <see cref="SimulationSetup.Minutes"/> bound it). <c>afterDecisions</c>, if given, sees every active pool's
/// unclaimed members each minute after the policy acted (the real-stack replay starts Forge's pool from it).
/// </summary>
public static class PoolSimulator
{
    public static IReadOnlyList<PoolScore> Run(SimulationSetup setup, ISizingPolicy policy, Action<int, int, PoolView>? afterDecisions = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(policy);
        var model = setup.Model;
        var random = new Random(model.Seed);
        var n = setup.Pools.Count;
        var regionNames = setup.Pools.Select(p => p.Region).Distinct().ToList();
        var region = setup.Pools.Select(p => regionNames.IndexOf(p.Region)).ToArray();
        var running = new int[n];
        var stopped = new int[n];
        var building = Enumerable.Range(0, n).Select(_ => new PriorityQueue<double, double>()).ToArray(); // element: start; priority: finish
        var resuming = Enumerable.Range(0, n).Select(_ => new PriorityQueue<double, double>()).ToArray();
        var onDemand = regionNames.Select(_ => new PriorityQueue<double, double>()).ToArray();
        var inflight = new int[regionNames.Count];
        var active = new bool[n];
        var next = new int[n];
        var scores = setup.Pools.Select(p => new PoolScore { Pool = p.ToString() }).ToArray();
        var calls = new CallClock(regionNames.Count, model.CallsPerSecond, model.CreatesPerCall, model.RequestCallWindow.TotalSeconds);
        policy.Start(setup);

        // Requests of all pools merged in time order.
        var order = Enumerable.Range(0, n).SelectMany(p => setup.Arrivals[p].Select(a => (Minute: a, Pool: p))).OrderBy(r => r.Minute).ToArray();
        var cursor = 0;
        for (var m = 0; m < setup.Minutes; m++)
        {
            var scoring = m >= setup.SplitMinute;
            calls.NewMinute();
            for (var p = 0; p < n; p++)
            {
                while (building[p].TryPeek(out var start, out var finish) && finish <= m)
                {
                    building[p].Dequeue();
                    running[p]++;
                    inflight[region[p]]--;
                    policy.OnBuilt(p, finish - start);
                }

                while (resuming[p].TryPeek(out _, out var ready) && ready <= m)
                {
                    resuming[p].Dequeue();
                    running[p]++;
                }
            }

            for (var r = 0; r < onDemand.Length; r++)
            {
                while (onDemand[r].TryPeek(out _, out var finish) && finish <= m)
                {
                    onDemand[r].Dequeue();
                    inflight[r]--;
                }
            }

            for (var p = 0; p < n; p++)
            {
                if (!active[p])
                {
                    continue;
                }

                var d = policy.Decide(p, new PoolView(running[p], stopped[p], building[p].Count, resuming[p].Count, inflight[region[p]]), m);
                var s = scores[p];
                var terminate = Math.Min(d.Terminate, running[p] + stopped[p]);
                var fromStopped = Math.Min(terminate, stopped[p]);
                stopped[p] -= fromStopped;
                running[p] -= terminate - fromStopped;
                var stop = Math.Min(d.Stop, running[p]);
                running[p] -= stop;
                stopped[p] += stop;
                var resume = Math.Min(d.Resume, stopped[p]);
                stopped[p] -= resume;
                for (var i = 0; i < resume; i++)
                {
                    resuming[p].Enqueue(m, m + model.ResumeMinutes);
                }

                var build = Math.Min(d.Build, Math.Max(0, model.RegionBuildCap - inflight[region[p]]));
                for (var i = 0; i < build; i++)
                {
                    building[p].Enqueue(m, m + model.SampleLead(random));
                }

                inflight[region[p]] += build;
                var made = Batches(terminate, model) + Batches(stop, model) + Batches(resume, model) + Batches(build, model);
                for (var i = 0; i < made; i++)
                {
                    calls.Paced(region[p]);
                }

                if (scoring)
                {
                    s.Builds += build;
                    s.WastedBuilds += terminate;
                }

                afterDecisions?.Invoke(m, p, new PoolView(running[p], stopped[p], building[p].Count, resuming[p].Count, inflight[region[p]]));
            }

            while (cursor < order.Length && order[cursor].Minute < m + 1)
            {
                var (a, p) = order[cursor++];
                active[p] = true;
                policy.OnRequest(p, a);
                var second = Math.Round((a - m) * 60, 3); // the trace's timestamps are whole seconds at most
                double wait;
                bool instant = false, fromPool = true;
                if (running[p] > 0)
                {
                    running[p]--;
                    wait = 0;
                    instant = true;
                }
                else if (resuming[p].TryDequeue(out _, out var ready))
                {
                    wait = Math.Max(0, ready - a);
                }
                else if (stopped[p] > 0)
                {
                    stopped[p]--;
                    wait = model.ResumeMinutes;
                    scores[p].Throttles += calls.Request(region[p], RequestCall.Start, second) is var t && scoring ? t : 0;
                }
                else
                {
                    fromPool = false;
                    wait = model.SampleLead(random);
                    onDemand[region[p]].Enqueue(a, a + wait);
                    inflight[region[p]]++;
                    scores[p].Throttles += calls.Request(region[p], RequestCall.Create, second) is var t && scoring ? t : 0;
                    scores[p].OnDemandBuilds += scoring && a >= setup.SplitMinute ? 1 : 0;
                }

                if (a >= setup.SplitMinute)
                {
                    scores[p].Served(wait, instant, fromPool, model.SlaMinutes);
                }
            }

            if (scoring)
            {
                for (var p = 0; p < n; p++)
                {
                    scores[p].IdleRunningMinutes += running[p] + resuming[p].Count;
                    scores[p].IdleStoppedMinutes += stopped[p];
                }

                calls.Peak(scores, region);
            }
        }

        return scores;
    }

    private static int Batches(int count, SimulationModel model) => (count + model.CreatesPerCall - 1) / model.CreatesPerCall;

    /// <summary>The kinds of call a request makes for itself, each coalesced apart (CreateWorkspaces, StartWorkspaces).</summary>
    private enum RequestCall
    {
        Create,
        Start,
    }

    /// <summary>API calls per region per second within the current minute.</summary>
    private sealed class CallClock(int regions, int perSecond, int perCall, double windowSeconds)
    {
        private readonly int[,] placed = new int[regions, 60];
        private readonly int[,] attempts = new int[regions, 60];
        private readonly int[] pacedFrom = new int[regions];

        // Per region and kind: until when (seconds into the current minute) the open call takes more requests, and how many it holds.
        private readonly double[,] openUntil = new double[regions, 2];
        private readonly int[,] joined = new int[regions, 2];

        public void NewMinute()
        {
            Array.Clear(placed);
            Array.Clear(attempts);
            Array.Clear(pacedFrom);
            for (var r = 0; r < regions; r++)
            {
                openUntil[r, 0] -= 60;
                openUntil[r, 1] -= 60;
            }
        }

        /// <summary>
        /// A request's own call of <paramref name="kind"/> at <paramref name="at"/> seconds into the minute: it joins the
        /// region's open call of that kind if there is one with room, else opens one that goes a window later. Returns how
        /// many times the call it opened was throttled (0 when it joined one).
        /// </summary>
        public int Request(int region, RequestCall kind, double at)
        {
            var k = (int)kind;
            if (at < openUntil[region, k] && joined[region, k] < perCall)
            {
                joined[region, k]++;
                return 0;
            }

            openUntil[region, k] = at + windowSeconds;
            joined[region, k] = 1;
            return Immediate(region, (int)Math.Floor(at + windowSeconds));
        }

        /// <summary>
        /// A reconciler's call: its client waits for the earliest second with room, using half the rate at most
        /// (the rest is left to requests' own calls, which cannot wait).
        /// </summary>
        public void Paced(int region)
        {
            var s = pacedFrom[region];
            while (s < 59 && placed[region, s] >= Math.Max(1, perSecond / 2))
            {
                s++;
            }

            pacedFrom[region] = s;
            placed[region, s]++;
            attempts[region, s]++;
        }

        /// <summary>A request's own call at its second; returns how many times it was throttled before it went through.</summary>
        private int Immediate(int region, int second)
        {
            var throttled = 0;
            var s = Math.Clamp(second, 0, 59);
            attempts[region, s]++;
            while (s < 59 && placed[region, s] >= perSecond)
            {
                throttled++;
                s++;
                attempts[region, s]++;
            }

            placed[region, s]++;
            return throttled;
        }

        public void Peak(PoolScore[] scores, int[] regionOf)
        {
            for (var p = 0; p < scores.Length; p++)
            {
                for (var s = 0; s < 60; s++)
                {
                    scores[p].PeakCallsPerSecond = Math.Max(scores[p].PeakCallsPerSecond, attempts[regionOf[p], s]);
                }
            }
        }
    }
}
