using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Netflix.Common;
using Orleans.Netflix.Grains.Common;
using Orleans.Storage;

namespace Orleans.Netflix.Tests.Grains;

/// <summary>A database that does not answer reaches callers as one line they can act on, whatever wrapped it.</summary>
public sealed class StorageFailureTests
{
    private static readonly GrainId Member = GrainId.Create("member", "m-1");

    [Fact]
    public void ADatabaseFailureOrleansWrapped_IsOneLine_NamingWhatFailedAndWhy()
    {
        var refused = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
        var wrapped = new OrleansException($"Error from storage provider AdoNetGrainStorage.Store during WriteStateAsync{Environment.NewLine} {refused}", refused);

        var translated = DatabaseFailures.Translate(wrapped, "saving member of member/m-1");

        Assert.NotNull(translated);
        Assert.Equal("the region's database did not answer while saving member of member/m-1 (Failed to connect to 127.0.0.1:5432: Connection refused); " +
                     "try again in a few seconds", translated.Message);
        Assert.Null(translated.InnerException); // Npgsql's exception cannot cross to a client: it stays in the silo's log
    }

    [Fact]
    public void AServerShuttingDown_IsSaidWithItsCode()
    {
        var shutdown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown);
        Assert.Contains("(57P01: terminating connection due to administrator command)", DatabaseFailures.Translate(shutdown, "loading")!.Message);
    }

    [Fact]
    public void OtherFailures_AreLeftAsTheyAre()
    {
        Assert.Null(DatabaseFailures.Translate(new InvalidOperationException("session s-1 is Stopped; start a new one"), "serving"));
        Assert.Null(DatabaseFailures.Translate(new InconsistentStateException("changed since it was read", "1", "2"), "saving"));
    }

    [Fact]
    public async Task TheStorageWrapper_SaysADatabaseFailure_PassesOthersOn_AndKeepsTheProvidersLifecycle()
    {
        var inner = new FailingStorage();
        var storage = new StorageFailureGrainStorage(inner, "Store", NullLogger<StorageFailureGrainStorage>.Instance);
        var state = new GrainState<int>();

        inner.Failure = new NpgsqlException("Exception while reading from stream", new EndOfStreamException("Attempted to read past the end of the stream."));
        var read = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.ReadStateAsync("member", Member, state));
        Assert.Equal("loading member of member/m-1", read.Operation);
        var write = await Assert.ThrowsAsync<StorageUnavailableException>(() => storage.WriteStateAsync("member", Member, state));
        Assert.Equal("Exception while reading from stream: Attempted to read past the end of the stream.", write.Reason);

        inner.Failure = new InconsistentStateException("changed since it was read", "1", "2");
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("member", Member, state));

        inner.Failure = null;
        await storage.ClearStateAsync("member", Member, state);
        storage.Participate(null!);
        Assert.True(inner.Participated);
    }

    private sealed class FailingStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Exception? Failure { get; set; }

        public bool Participated { get; private set; }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Outcome();

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Outcome();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Outcome();

        public void Participate(ISiloLifecycle lifecycle) => Participated = true;

        private async Task Outcome()
        {
            await Task.Yield(); // fail as a real provider does: after going to the database
            if (Failure is not null) throw Failure;
        }
    }
}
