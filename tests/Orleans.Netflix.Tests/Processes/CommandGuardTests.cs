using Orleans.Netflix.Client.Commands;
using Orleans.Runtime;

namespace Orleans.Netflix.Tests.Processes;

public sealed class CommandGuardTests
{
    [Fact]
    public async Task AFailureInsideTheCluster_IsAnExitCode_NotAnUnhandledException()
    {
        // What the client receives when a silo's own exception (a PostgreSQL error, say) cannot be serialized back.
        var code = await CommandGuard.Run(() => throw new OrleansException("Could not find a codec for type Npgsql.PostgresException."));
        Assert.Equal(ExitCodes.Failed, code);

        var serializer = await CommandGuard.Run(() => throw new Orleans.Serialization.CodecNotFoundException("no codec"));
        Assert.Equal(ExitCodes.Failed, serializer);
    }
}
