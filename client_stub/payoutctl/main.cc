// payoutctl: the command line of the payout gateway. `payoutctl --help`,
// and `--help` after any command, say what it takes.

#include "payoutctl/command_line.h"

int main(int argc, char** argv) {
  payoutctl::CommandLine command_line;
  return command_line.Run(argc, argv);
}
