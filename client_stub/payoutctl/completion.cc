#include "payoutctl/completion.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "payoutctl/output.h"

namespace payoutctl {
namespace {

// A command of the tree: its path ("invoices create") and what may follow.
struct Node {
  std::string path;
  std::vector<std::string> words;  // its commands, then every flag it takes
};

std::vector<const CLI::App*> Subcommands(const CLI::App& app) {
  std::vector<const CLI::App*> out;
  for (const CLI::App* sub :
       app.get_subcommands([](const CLI::App*) { return true; })) {
    out.push_back(sub);
  }
  return out;
}

std::vector<std::string> FlagsOf(const CLI::App& app) {
  std::vector<std::string> flags;
  for (const CLI::Option* option : app.get_options()) {
    if (!option->nonpositional()) continue;
    for (const std::string& name : option->get_lnames()) {
      flags.push_back("--" + name);
    }
  }
  return flags;
}

// Walks the tree depth first; `inherited` are the flags of the commands
// above (payoutctl takes its global flags after a command too).
void Collect(const CLI::App& app, const std::string& path,
             std::vector<std::string> inherited, std::vector<Node>& nodes) {
  std::vector<std::string> flags = FlagsOf(app);
  for (std::string& flag : inherited) {
    if (std::find(flags.begin(), flags.end(), flag) == flags.end()) {
      flags.push_back(std::move(flag));
    }
  }
  Node node{path, {}};
  for (const CLI::App* sub : Subcommands(app)) {
    node.words.push_back(sub->get_name());
  }
  node.words.insert(node.words.end(), flags.begin(), flags.end());
  nodes.push_back(node);
  for (const CLI::App* sub : Subcommands(app)) {
    Collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(),
            flags, nodes);
  }
}

// Flags whose value is a file name: those checked as existing files.
std::vector<std::string> FileFlags(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_type_name().find("FILE") == std::string::npos) continue;
    for (const std::string& name : option->get_lnames()) {
      out.push_back("--" + name);
    }
  }
  for (const CLI::App* sub : Subcommands(app)) {
    for (std::string& flag : FileFlags(*sub)) out.push_back(std::move(flag));
  }
  return out;
}

}  // namespace

std::string BashCompletion(const CLI::App& app) {
  std::vector<Node> nodes;
  Collect(app, "", {}, nodes);
  std::vector<std::string> paths;
  std::string cases;
  for (const Node& node : nodes) {
    if (!node.path.empty())
      paths.push_back(absl::StrCat("\"", node.path, "\""));
    absl::StrAppend(&cases, "    \"", node.path, "\") words=\"",
                    absl::StrJoin(node.words, " "), "\" ;;\n");
  }
  std::vector<std::string> file_flags = FileFlags(app);
  return absl::StrCat(
      "# bash completion for payoutctl: source <(payoutctl completion bash)\n",
      "_payoutctl() {\n",
      "  local cur=${COMP_WORDS[COMP_CWORD]} "
      "prev=${COMP_WORDS[COMP_CWORD-1]}\n",
      "  # --flag=value: bash splits at '=', the flag is two words back.\n",
      "  if [ \"$prev\" = \"=\" ]; then prev=${COMP_WORDS[COMP_CWORD-2]}; fi\n",
      "  if [ \"$cur\" = \"=\" ]; then cur=\"\"; fi\n",
      "  local path=\"\" word i\n",
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n",
      "    word=${COMP_WORDS[i]}\n", "    case \"${path:+$path }$word\" in\n",
      "      ", absl::StrJoin(paths, "|"),
      ") path=\"${path:+$path }$word\" ;;\n", "    esac\n", "  done\n",
      "  case \"$prev\" in\n", "    --output|-o) COMPREPLY=($(compgen -W \"",
      absl::StrJoin(kOutputFormatNames, " "), "\" -- \"$cur\")); return ;;\n",
      file_flags.empty()
          ? ""
          : absl::StrCat("    ", absl::StrJoin(file_flags, "|"),
                         ") COMPREPLY=($(compgen -f -- \"$cur\")); "
                         "return ;;\n"),
      "  esac\n", "  local words=\"\"\n", "  case \"$path\" in\n", cases,
      "  esac\n", "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n", "}\n",
      "complete -F _payoutctl payoutctl\n");
}

}  // namespace payoutctl
