using LinkedInBot;
using LinkedInBot.Core;
using Microsoft.Extensions.Options;

if (args is [MigrateStorageCommand.Name, ..])
{
    return await MigrateStorageCommand.RunAsync(args, Console.Out, Console.Error);
}

try
{
    var app = BotApp.Build(args);
    app.ValidateConfiguration();
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // One line per problem, each naming the setting and how to fix it.
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync($"Configuration error: {failure}");
    }

    return 2;
}
catch (BotStartupException ex)
{
    await Console.Error.WriteLineAsync($"Start-up error: {ex.Message}");
    return 3;
}
