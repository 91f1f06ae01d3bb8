#include "file_follower.h"
