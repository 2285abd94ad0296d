using Forge.Api.Audit;
using Forge.Api.Blueprints;
using Forge.Api.Cloud;
using Forge.Api.Jobs;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Regions;
using Forge.Api.Security;
using Forge.Api.Workspaces;

var builder = WebApplication.CreateBuilder(args);
builder.AddForgePlatform();
builder.Services.AddForgePersistence().AddForgeSecurity().AddForgeCloud(builder.Configuration).AddMonitoring()
    .AddAudit().AddJobs().AddRegions().AddBlueprints().AddWorkspaces();

var app = builder.Build();
app.UseForgePlatform();
app.MapMonitoring();
app.MapDevTokensApi();
app.MapAuditApi();
app.MapRegionsApi();
app.MapBlueprintsApi();
app.MapWorkspacesApi();
app.Run();

// The entry point, visible to WebApplicationFactory in the tests.
public partial class Program;
