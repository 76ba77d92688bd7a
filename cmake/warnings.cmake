# Every target of the project builds with the same strict warnings, as errors.
add_compile_options(
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wdouble-promotion
  -Wformat=2 -Wimplicit-fallthrough -Werror)

# g++ 12 at -O3 reports `"literal" + std::string` as an overlapping memcpy (GCC bug 105651),
# a false positive inside libstdc++ that no source change can avoid reliably.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options(-Wno-restrict)
endif()

option(K12N_ASAN "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(K12N_ASAN)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
