using Xunit.Abstractions;
using Xunit.Sdk;

namespace LinkedInBot.Tests.Support;

/// <summary>Marks a provider's subclass of a store contract (an abstract test class) as running on PostgreSQL.</summary>
public interface IRunsOnPostgreSQL;

/// <summary>
/// A <see cref="FactAttribute"/> for the tests of an abstract store contract: in a subclass marked
/// <see cref="IRunsOnPostgreSQL"/> the test is skipped, with <see cref="PostgresServer.SkipReason"/>, when no
/// PostgreSQL is available (an attribute alone cannot tell which subclass it runs in; the test case can).
/// </summary>
[XunitTestCaseDiscoverer("LinkedInBot.Tests.Support.StoreFactDiscoverer", "LinkedInBot.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new StoreTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

public sealed class StoreTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        typeof(IRunsOnPostgreSQL).IsAssignableFrom(TestMethod.TestClass.Class.ToRuntimeType())
            ? PostgresServer.SkipReason ?? base.GetSkipReason(factAttribute)
            : base.GetSkipReason(factAttribute);
}
