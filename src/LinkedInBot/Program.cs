using LinkedInBot;
using Microsoft.Extensions.Options;

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
