using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forge.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Lifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    TimeZone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "WorkspaceLifecycles",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Connected = table.Column<bool>(type: "boolean", nullable: true),
                    LastConnectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConnectionCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LifetimeStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RunningSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StoppedSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeepAliveSetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeepAliveUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KeepAliveRenewalsUsed = table.Column<int>(type: "integer", nullable: false),
                    KeepAliveRenewalsLeft = table.Column<int>(type: "integer", nullable: false),
                    NextAction = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NextActionAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextActionReason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    IdleNotice_Basis = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IdleNotice_Delivery = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    IdleNotice_Due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    IdleNotice_Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IdleNotice_SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LifetimeNotice_Basis = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LifetimeNotice_Delivery = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    LifetimeNotice_Due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LifetimeNotice_Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LifetimeNotice_SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StaleNotice_Basis = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StaleNotice_Delivery = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    StaleNotice_Due = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StaleNotice_Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StaleNotice_SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkspaceLifecycles", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_WorkspaceLifecycles_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "WorkspaceLifecycles");
        }
    }
}
