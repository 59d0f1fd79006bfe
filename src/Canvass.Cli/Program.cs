using System.CommandLine;
using System.CommandLine.Parsing;
using Canvass.Cli;
using Canvass.Cli.Common;

return await Run(args);

static async Task<int> Run(string[] args)
{
    var root = CanvassCommand.Create();
    var parse = root.Parse(args);
    if (parse.Errors.Count > 0)
    {
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync("error: " + Describe(error));
        }

        // Point at the help of the command that was being written ("canvass tabulate --help"), not only the root's.
        var path = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            path.Insert(0, result.Command.Name);
        }

        path[0] = "canvass";
        await Console.Error.WriteLineAsync($"Run '{string.Join(' ', path)} --help' for usage.");
        return ExitCodes.BadInput;
    }

    try
    {
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
    catch (OperationCanceledException)
    {
        await Console.Error.WriteLineAsync("cancelled");
        return ExitCodes.Failed;
    }
    catch (Exception e) when (Environment.GetEnvironmentVariable("CANVASS_DEBUG") is not null)
    {
        // Debugging shows the whole exception, but keeps the exit code a script expects (it was an abort, 134).
        await Console.Error.WriteLineAsync(e.ToString());
        return ExitCodes.Failed;
    }
    catch (Canvass.Storage.Logging.LogIntegrityException e)
    {
        // The store was changed behind Canvass's back: a failed check, said plainly, not a fault of the program.
        await Console.Error.WriteLineAsync("error: " + e.Message);
        return ExitCodes.Failed;
    }
    catch (Npgsql.PostgresException e)
    {
        // The server's own words and code, without Npgsql's advice to put "Include Error Detail" in the connection string
        // (which would print row values, ballot ids among them, into logs). A deadlock or a serialization failure is
        // another command's doing: the transaction it broke was rolled back whole (a multi-file import keeps the files it
        // already reported as imported).
        var again = e.SqlState is Npgsql.PostgresErrorCodes.DeadlockDetected or Npgsql.PostgresErrorCodes.SerializationFailure
            ? " Another command held what this one needed, and what this one was writing was rolled back: run it again (anything it already reported as stored says 'unchanged')."
            : string.Empty;
        await Console.Error.WriteLineAsync($"error: the PostgreSQL server refused: {e.MessageText} (SQLSTATE {e.SqlState}).{again} Set CANVASS_DEBUG=1 for details.");
        return ExitCodes.Failed;
    }
    catch (Npgsql.NpgsqlException e) when (e.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException)
    {
        // "Exception while writing to stream" says nothing to an operator whose server stopped in the middle of an import.
        await Console.Error.WriteLineAsync(
            $"error: the PostgreSQL server could not be reached or stopped answering ({e.Message}: {e.InnerException.Message}). A command's writes are one transaction, kept only if the command said so: check the server and run the command again (an import already kept says 'unchanged'). Set CANVASS_DEBUG=1 for details.");
        return ExitCodes.Failed;
    }
    catch (Exception e)
    {
        // Bad input never gets here: it is reported as problems with exit code 2. This is a failure of the system
        // (disk, database, a bug); say what it was without a stack trace, which CANVASS_DEBUG=1 shows.
        await Console.Error.WriteLineAsync($"error: {e.Message} ({e.GetType().Name}; set CANVASS_DEBUG=1 for details)");
        return ExitCodes.Failed;
    }
}

// A number option given something else: System.CommandLine says "as expected type 'System.Int32'", the program's insides.
static string Describe(ParseError error) =>
    error.SymbolResult is OptionResult result
    && (Nullable.GetUnderlyingType(result.Option.ValueType) ?? result.Option.ValueType) is var type && (type == typeof(int) || type == typeof(long))
    && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)
        ? $"{result.Option.Name} takes a whole number, not '{string.Join(' ', result.Tokens.Select(t => t.Value))}'."
        : error.Message;
