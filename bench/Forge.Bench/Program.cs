using BenchmarkDotNet.Running;
using Forge.Bench;

// Run by hand, in Release:
//   dotnet run -c Release --project bench/Forge.Bench -- --filter '*'        (BenchmarkDotNet: signing, local cloud paging)
//   dotnet run -c Release --project bench/Forge.Bench -- api sqlite|postgres (API throughput and latency)
//   dotnet run -c Release --project bench/Forge.Bench -- summary sqlite|postgres (provisioning summary over 1 million records)
//   dotnet run -c Release --project bench/Forge.Bench -- alerts sqlite|postgres  (one alert evaluation pass, 100 series, same records)
//   dotnet run -c Release --project bench/Forge.Bench -- pools --trace FILE.csv [--policy NAME|all] [--json] [--lead-median 15 --lead-p95 40]
//   dotnet run -c Release --project bench/Forge.Bench -- pools-replay --trace FILE.csv [--day YYYY-MM-DD] [--pool blueprint/os/region] [--json]   (one day through the real stack vs the simulator)
//   dotnet run -c Release --project bench/Forge.Bench -- pools-trace NAME --seed N --out FILE.csv   (seeds: bench/pools/seeds.txt)
//   dotnet run -c Release --project bench/Forge.Bench -- lifecycle sqlite|postgres (one lifecycle pass over 10 000 running workstations)
//   dotnet run -c Release --project bench/Forge.Bench -- claim sqlite|postgres [--json] [--volume-create-time SECONDS] (time to workstation on a pool hit, 200 claims)
if (args is ["api", var provider])
{
    return await ApiBenchmark.RunAsync(provider);
}

if (args is ["summary", var database])
{
    return await ProvisioningSummaryBenchmark.RunAsync(database);
}

if (args is ["alerts", var alertDatabase])
{
    return await ProvisioningSummaryBenchmark.RunAsync(alertDatabase, alerts: true);
}

if (args is ["pools-replay", .. var replayOptions])
{
    return await PoolsReplayBenchmark.RunAsync(replayOptions);
}

if (args is ["pools" or "pools-trace", ..])
{
    return Forge.Bench.Pools.PoolsBenchmark.Run(args);
}

if (args is ["lifecycle", var lifecycleDatabase])
{
    return await LifecycleBenchmark.RunAsync(lifecycleDatabase);
}

if (args is ["claim", var claimDatabase, .. var claimOptions])
{
    var volumeAt = Array.IndexOf(claimOptions, "--volume-create-time");
    TimeSpan? volumeCreateTime = volumeAt >= 0 && volumeAt + 1 < claimOptions.Length
        ? TimeSpan.FromSeconds(double.Parse(claimOptions[volumeAt + 1], System.Globalization.CultureInfo.InvariantCulture))
        : null;
    return await ClaimBenchmark.RunAsync(claimDatabase, json: claimOptions.Contains("--json"), volumeCreateTime);
}

BenchmarkSwitcher.FromAssembly(typeof(SigningBenchmarks).Assembly).Run(args);
return 0;
