# cc_layer(<target> NAME <folder name> SOURCES <files...> [DEPENDS <layers and libraries...>])
#
# One layer of the code (docs/ARCHITECTURE.md, "Layers"): a static library whose sources are listed
# explicitly, with an include root of its own. The root holds a single entry, `<NAME>/`, linked to the
# layer's folder, so `#include "<NAME>/File.h"` works only in targets that link the layer. A header of
# a layer that is not linked (an include against the direction of the layers) is not found: the build
# fails instead of a reader finding out later.
function(cc_layer target)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPENDS" ${ARGN})
  set(root ${CMAKE_BINARY_DIR}/include-roots/${target})
  file(MAKE_DIRECTORY ${root})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${ARG_NAME} SYMBOLIC)
  add_library(${target} STATIC ${ARG_SOURCES})
  target_include_directories(${target} PUBLIC ${root})
  target_link_libraries(${target} PUBLIC ${ARG_DEPENDS})
endfunction()
