using System.Collections.Concurrent;
using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Jobs;

/// <summary>
/// A host with nothing but storage and the job runtime, running jobs of kind "test" through <see cref="Run"/>. Two of
/// them over one folder are two replicas sharing a database.
/// </summary>
internal sealed class JobRuntimeHost : IAsyncDisposable
{
    private JobRuntimeHost(IHost host, TestJobHandler handler, CapturedLogs logs)
    {
        Host = host;
        Handler = handler;
        Logs = logs;
    }

    public IHost Host { get; }

    public TestJobHandler Handler { get; }

    public CapturedLogs Logs { get; }

    public IChatJobStore Jobs => Host.Services.GetRequiredService<IChatJobStore>();

    public ChatJobRunner Runner => Host.Services.GetRequiredService<ChatJobRunner>();

    /// <param name="postgres">A PostgreSQL connection string (with its schema) to use instead of the folder's SQLite file.</param>
    public static async Task<JobRuntimeHost> StartAsync(TempDirectory folder, Func<ChatJob, CancellationToken, Task> run, Action<BotOptions>? tune = null, Action<IServiceCollection>? services = null, string? postgres = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = postgres is null ? nameof(StorageProvider.Sqlite) : nameof(StorageProvider.PostgreSQL),
            ["Storage:ConnectionString"] = postgres ?? $"Data Source={folder.DatabaseFile}",
            ["Storage:KeysDirectory"] = folder.KeysDirectory,
        });
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        var handler = new TestJobHandler(run);
        builder.Services.AddLinkedInBotStorage();
        builder.Services.AddChatJobRuntime();
        builder.Services.AddSingleton<IChatJobHandler>(handler);
        builder.Services.PostConfigure<BotOptions>(options =>
        {
            options.JobPollInterval = TimeSpan.FromMilliseconds(100);
            options.JobRetryDelay = TimeSpan.FromMilliseconds(50);
            options.ShutdownGracePeriod = TimeSpan.FromSeconds(5);
            tune?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new JobRuntimeHost(host, handler, logs);
    }

    public Task<(long Id, bool Created)> EnqueueAsync(string chat, string payload, DateTimeOffset? due = null)
    {
        var now = DateTimeOffset.UtcNow;
        var result = Jobs.EnqueueAsync(new NewChatJob(chat, TestJobHandler.JobKind, payload, due ?? now, null), now, CancellationToken.None);
        Host.Services.GetRequiredService<ChatJobSignal>().Notify();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

internal sealed class TestJobHandler(Func<ChatJob, CancellationToken, Task> run) : IChatJobHandler
{
    public const string JobKind = "test";

    public string Kind => JobKind;

    public ConcurrentQueue<ChatJob> GaveUp { get; } = new();

    public Task RunAsync(ChatJob job, CancellationToken cancellationToken) => run(job, cancellationToken);

    public Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken)
    {
        GaveUp.Enqueue(job);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A replica cut off from the database once it holds its first chat: its first renewal fails, and from then on so do
/// its renewals and its claims (it can neither keep nor take chats), while the job it runs goes on.
/// </summary>
internal sealed class FailingRenewals
{
    private volatile bool cutOff;

    public ILeaseStore Wrap(ILeaseStore inner) => new Leases(inner, this);

    public IChatJobStore Wrap(IChatJobStore inner) => new Jobs(inner, this);

    private sealed class Leases(ILeaseStore inner, FailingRenewals partition) : ILeaseStore
    {
        public Task<bool> TryAcquireAsync(string key, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken) =>
            inner.TryAcquireAsync(key, owner, now, leaseTime, cancellationToken);

        public Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> keys, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
        {
            partition.cutOff = true;
            throw new TimeoutException("the database does not answer");
        }

        public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken) => inner.ReleaseAsync(key, owner, cancellationToken);

        public Task ReleaseAllAsync(string owner, CancellationToken cancellationToken) => inner.ReleaseAllAsync(owner, cancellationToken);

        public Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken) => inner.ListOwnersAsync(cancellationToken);
    }

    private sealed class Jobs(IChatJobStore inner, FailingRenewals partition) : IChatJobStore
    {
        public Task<(long Id, bool Created)> EnqueueAsync(NewChatJob job, DateTimeOffset now, CancellationToken cancellationToken) => inner.EnqueueAsync(job, now, cancellationToken);

        public Task<IReadOnlyList<string>> ClaimChatsAsync(string owner, int max, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken) =>
            partition.cutOff ? throw new TimeoutException("the database does not answer") : inner.ClaimChatsAsync(owner, max, now, leaseTime, cancellationToken);

        public Task<ChatJob?> TakeNextAsync(string chatKey, string owner, DateTimeOffset now, CancellationToken cancellationToken) => inner.TakeNextAsync(chatKey, owner, now, cancellationToken);

        public Task CompleteAsync(long jobId, DateTimeOffset now, CancellationToken cancellationToken) => inner.CompleteAsync(jobId, now, cancellationToken);

        public Task RetryLaterAsync(long jobId, DateTimeOffset runAfter, string error, CancellationToken cancellationToken) => inner.RetryLaterAsync(jobId, runAfter, error, cancellationToken);

        public Task FailAsync(long jobId, DateTimeOffset now, string error, CancellationToken cancellationToken) => inner.FailAsync(jobId, now, error, cancellationToken);

        public Task<DateTimeOffset?> NextRunnableAtAsync(CancellationToken cancellationToken) => inner.NextRunnableAtAsync(cancellationToken);

        public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PruneAsync(before, cancellationToken);

        public Task<ChatJobState?> GetStateAsync(long jobId, CancellationToken cancellationToken) => inner.GetStateAsync(jobId, cancellationToken);
    }
}

internal static class LeaseStoreDecoration
{
    public static IServiceCollection Decorate(this IServiceCollection services, FailingRenewals failing)
    {
        services.AddSingleton<SqliteLeaseStore>();
        services.AddSingleton<SqliteChatJobStore>();
        services.Replace(ServiceDescriptor.Singleton<IChatJobStore>(provider => failing.Wrap(provider.GetRequiredService<SqliteChatJobStore>())));
        return services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(provider => failing.Wrap(provider.GetRequiredService<SqliteLeaseStore>())));
    }
}
