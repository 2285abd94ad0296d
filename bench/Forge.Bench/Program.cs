using BenchmarkDotNet.Running;

// Run by hand, in Release: dotnet run -c Release --project bench/Forge.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Forge.Bench.SigningBenchmarks).Assembly).Run(args);
