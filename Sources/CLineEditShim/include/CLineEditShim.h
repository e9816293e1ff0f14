#pragma once
int cle_placeholder(void);
