using Forge.Api.Alerts;
using Forge.Api.Audit;
using Forge.Api.Blueprints;
using Forge.Api.Cloud;
using Forge.Api.Dotfiles;
using Forge.Api.Jobs;
using Forge.Api.Lifecycle;
using Forge.Api.Monitoring;
using Forge.Api.Notifications;
using Forge.Api.Orphans;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Pools;
using Forge.Api.Portal;
using Forge.Api.Regions;
using Forge.Api.Secrets;
using Forge.Api.Auth;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;

var builder = WebApplication.CreateBuilder(args);
builder.AddForgePlatform();
builder.Services.AddForgePersistence().AddForgeAuth().AddForgeCloud(builder.Configuration).AddMonitoring().AddProvisioningMonitoring()
    .AddAudit().AddJobs().AddRegions().AddBlueprints().AddWorkspaces()
    .AddVolumes().AddDotfiles().AddSecrets().AddNotifications().AddAlerts().AddLifecycle().AddOrphans().AddPools().AddForgePortal(builder.Configuration);

var app = builder.Build();
app.UseForgePlatform();
app.MapMonitoring();
app.MapProvisioningMetricsApi();
app.MapAuthConfigApi();
app.MapDevTokensApi();
app.MapAuditApi();
app.MapRegionsApi();
app.MapBlueprintsApi();
app.MapWorkspacesApi();
app.MapVolumesApi();
app.MapDotfilesApi();
app.MapSecretsApi();
app.MapLifecycleApi();
app.MapOrphansApi();
app.MapPoolsApi();
app.MapNotificationsApi();
app.MapAlertsApi();
app.MapForgePortal();
app.Run();

// The entry point, visible to WebApplicationFactory in the tests.
public partial class Program;
