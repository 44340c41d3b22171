using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// Problems found while the host is composed (a setting that decides what gets registered, or one no options class
/// binds, such as <c>Urls</c>). They are reported by start-up validation together with every other setting's
/// problem, one line each, instead of stopping the composition at the first one.
/// </summary>
internal sealed class ConfigurationProblems
{
    public List<string> Found { get; } = [];
}

internal static class ConfigurationProblemRegistration
{
    public static IServiceCollection AddConfigurationProblem(this IServiceCollection services, string problem)
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<ConfigurationProblems>)))
        {
            services.AddSingleton<IValidateOptions<ConfigurationProblems>, Validation>();
            services.AddOptions<ConfigurationProblems>().ValidateOnStart();
        }

        services.Configure<ConfigurationProblems>(problems => problems.Found.Add(problem));
        return services;
    }

    private sealed class Validation : IValidateOptions<ConfigurationProblems>
    {
        public ValidateOptionsResult Validate(string? name, ConfigurationProblems options) =>
            options.Found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(options.Found);
    }
}
