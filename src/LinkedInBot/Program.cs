using LinkedInBot;
using LinkedInBot.Core.Storage;

if (args is [MigrateStorageCommand.Name, ..])
{
    return await MigrateStorageCommand.RunAsync(args, Console.Out, Console.Error);
}

if (args is [ForgetUnreadableLinksCommand.Name, ..])
{
    return await ForgetUnreadableLinksCommand.RunAsync(args, Console.Out, Console.Error);
}

WebApplication? app = null;
var started = false;
try
{
    app = BotApp.Build(args);
    app.Lifetime.ApplicationStarted.Register(() => started = true);
    app.ValidateConfiguration();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupFailures.ConfigurationProblem(ex) is { } problem)
{
    // One line per problem, each naming the setting and how to fix it.
    foreach (var line in StartupFailures.ConfigurationLines(problem))
    {
        await Console.Error.WriteLineAsync(line);
    }

    return StartupFailures.ConfigurationExitCode;
}
catch (Exception ex) when (!started)
{
    // One line naming the setting or file and the fix; never a stack trace (the host's own report of it is held back
    // in BotApp).
    await Console.Error.WriteLineAsync(StartupFailures.Line(ex, DatabaseName(app)));
    return StartupFailures.StartupExitCode;
}

// The host may already be disposed after a failed start.
static string? DatabaseName(WebApplication? app)
{
    try
    {
        return app?.Services.GetService<IStorageDatabase>()?.DisplayName;
    }
    catch (ObjectDisposedException)
    {
        return null;
    }
    catch (InvalidOperationException)
    {
        return null;
    }
}
