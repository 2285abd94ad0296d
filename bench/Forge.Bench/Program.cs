using BenchmarkDotNet.Running;
using Forge.Bench;

// Run by hand, in Release:
//   dotnet run -c Release --project bench/Forge.Bench -- --filter '*'        (BenchmarkDotNet: signing, local cloud paging)
//   dotnet run -c Release --project bench/Forge.Bench -- api sqlite|postgres (API throughput and latency)
if (args is ["api", var provider])
{
    return await ApiBenchmark.RunAsync(provider);
}

BenchmarkSwitcher.FromAssembly(typeof(SigningBenchmarks).Assembly).Run(args);
return 0;
