using Forge.LocalCloud.Hosting;

// The local cloud on its own: dotnet run --project src/Forge.LocalCloud -- --urls http://127.0.0.1:4566
var app = LocalCloudServer.Build(args);
await app.RunAsync();
