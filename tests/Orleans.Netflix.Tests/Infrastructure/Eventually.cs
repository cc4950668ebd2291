namespace Orleans.Netflix.Tests.Infrastructure;

/// <summary>Polls a condition that becomes true asynchronously (heartbeats, fill rounds), failing after a deadline.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {seconds} s");
            await Task.Delay(100);
        }
    }
}
