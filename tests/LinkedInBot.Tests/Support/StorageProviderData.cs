using System.Reflection;
using LinkedInBot.Core;
using Xunit.Sdk;

namespace LinkedInBot.Tests.Support;

/// <summary>Runs a theory on SQLite (<c>[Theory, OnSqlite, OnPostgreSQL]</c> runs it on both providers).</summary>
public sealed class OnSqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.Sqlite]];
}

/// <summary>Runs a theory on PostgreSQL; skipped, with the reason shown, when no server is available.</summary>
public sealed class OnPostgreSQLAttribute : DataAttribute
{
    public OnPostgreSQLAttribute() => Skip = PostgresServer.SkipReason!;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[StorageProvider.PostgreSQL]];
}

/// <summary>A test that only makes sense on PostgreSQL (replicas, migrate-storage); skipped like <see cref="OnPostgreSQLAttribute"/>.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason!;
}
