using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// <c>forget-unreadable-links</c>: after a key ring was lost for good, deletes the stored LinkedIn links that no key can
/// read (read with the usual settings: appsettings, environment, command-line settings), so their users are told
/// plainly to <c>/link</c> again and the start-up warning and <c>/healthz</c> turn healthy. Links the key ring reads
/// are kept. Prints one line; on failure one line and a non-zero exit code.
/// </summary>
public static class ForgetUnreadableLinksCommand
{
    public const string Name = "forget-unreadable-links";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IConfigurationBuilder>? configure = null)
    {
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. args.Skip(1)], ContentRootPath = AppContext.BaseDirectory });
            configure?.Invoke(builder.Configuration);
            await using var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(builder.Configuration)
                .AddLinkedInBotStorage()
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });

            var keyRing = services.GetRequiredService<KeyRingCheck>();
            if (keyRing.ProbeProblem() is { } problem)
            {
                await error.WriteLineAsync($"{Name} failed: {problem}");
                return 1;
            }

            await services.GetRequiredService<ISchemaMigrator>().MigrateAsync(CancellationToken.None);
            var (deleted, kept) = await keyRing.ForgetUnreadableAsync(CancellationToken.None);
            await output.WriteLineAsync(
                $"Deleted {deleted} LinkedIn link(s) that the key ring ({keyRing.Where}) cannot read; kept {kept}. Their users are asked to /link again.");
            return 0;
        }
        catch (Exception ex) when (ex is BotStartupException or OptionsValidationException)
        {
            await error.WriteLineAsync($"{Name} failed: {StartupFailures.ConfigurationProblem(ex)?.Failures.FirstOrDefault() ?? ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            await error.WriteLineAsync($"{Name} failed ({ex.GetType().Name}): {ex.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}. Nothing was deleted.");
            return 1;
        }
    }
}
